"""Test data shared by every test package: people, data requests, reviews, AI use cases, board
shares and PDFs, made through the services as the app makes them.

Plain functions live in the modules by subject (`people`, `requests`, `reviews`, `board`,
`use_cases`, `pdfs`); `fixtures` turns the common ones into pytest fixtures for every package
(registered in ``tests/conftest.py``). A package's conftest keeps only what is its own, and no
test imports another package's conftest."""
