# moment-dihedral compares against the 8 rotations and flips of A: a crop and its 90-degree rotation match.
@ERLANGEN@ hash compare @EXAMPLES@/../tests/cli/data/hash/coins_crop.png @EXAMPLES@/../tests/cli/data/hash/coins_crop_rot90.png --algorithm moment-dihedral
