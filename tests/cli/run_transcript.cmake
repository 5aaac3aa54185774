# Placeholder replaced by the CLI transcript runner.
