# Without images and without a subcommand there is nothing to hash.
@ERLANGEN@ hash --algorithm pdq
