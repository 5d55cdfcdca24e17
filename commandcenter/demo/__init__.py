"""The demo district: a believable district with people and 30 days of cases, from a seed."""
