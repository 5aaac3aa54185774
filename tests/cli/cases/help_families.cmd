@ERLANGEN@ families --help
