@ERLANGEN@ invariance --help
