"""The signed-in user's own settings: the language the site is shown in."""
