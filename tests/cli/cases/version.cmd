@ERLANGEN@ --version
