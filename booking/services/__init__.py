"""Services: the rules of Guichet, called by views, the API and the CLI."""
