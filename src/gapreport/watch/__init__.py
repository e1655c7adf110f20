"""The preview: rebuild on every save, serve the site, reload the open page."""
