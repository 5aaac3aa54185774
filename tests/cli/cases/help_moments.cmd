@ERLANGEN@ moments --help
