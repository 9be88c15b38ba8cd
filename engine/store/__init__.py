"""The history of every scored period: a SQLite file or a PostgreSQL database."""
