@ERLANGEN@ --help
