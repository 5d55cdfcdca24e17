"""The base of every refusal the domain explains to a person (the message is the explanation)."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal or inconsistency whose message is fit to show to the user as it is."""
