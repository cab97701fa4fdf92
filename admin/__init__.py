"""`python -m admin`: set-up and scripting commands (accounts, reporting periods, the province registry) on top
of every layer."""
