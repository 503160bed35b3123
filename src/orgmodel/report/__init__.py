"""Reporters: each turns one result object into text for people or for tools."""
