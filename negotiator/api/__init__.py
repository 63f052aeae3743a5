"""The JSON API (/api/v1): personal access tokens, problem details, an OpenAPI document."""
