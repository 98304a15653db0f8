"""Value types, one module each (as followthemoney's ``types/``): parse and normalize."""
