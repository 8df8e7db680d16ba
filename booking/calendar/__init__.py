"""Calendar pages."""
