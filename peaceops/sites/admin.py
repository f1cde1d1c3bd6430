"""Sites are changed through their service (pages, API, import), not the admin."""
