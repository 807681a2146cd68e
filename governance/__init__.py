"""pmo-kit domain: pure functions and SQLModel models. Never imports Prefect."""
