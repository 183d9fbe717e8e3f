"""Staff logins: lockouts after repeated failures (django-axes) and a second factor (django-otp)."""
