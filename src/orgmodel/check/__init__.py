"""Checking an org: schema errors, references across the org, policy gates; the result."""
