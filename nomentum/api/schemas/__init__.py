"""The API's request and response shapes, one module per resource; base holds what they share.

Handlers import each schema from its resource's module. The names are the OpenAPI
component names clients see: they stay unique across the modules.
"""
