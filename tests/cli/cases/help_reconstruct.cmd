@ERLANGEN@ reconstruct --help
