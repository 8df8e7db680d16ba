"""Public pages: the programme, events, booking and managing a booking."""
