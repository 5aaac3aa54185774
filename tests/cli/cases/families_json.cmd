@ERLANGEN@ families --format json
