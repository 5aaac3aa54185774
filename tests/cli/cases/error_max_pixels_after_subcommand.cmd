# --max-pixels is accepted after the subcommand name, and the message names the CLI option.
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 2 --max-pixels 100
