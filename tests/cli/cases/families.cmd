@ERLANGEN@ families
