"""Email: written to the outbox in the causing transaction, delivered by a worker."""
