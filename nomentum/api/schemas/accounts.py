"""Signing up, API tokens and the caller's own account."""

from ninja import Field, Schema

from nomentum.api.schemas.base import Input, Text


class SignupIn(Input):
    username: str = Field(max_length=150)
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)


class SignupOut(Schema):
    id: int
    username: str


class TokenIn(Input):
    username: Text = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: Text = Field("", max_length=80)


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    id: int
    username: str
    email: str
    timezone: str
    silence_days: int
