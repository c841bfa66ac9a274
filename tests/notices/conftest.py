"""The notices' tests use the shared fixtures (tests/factories): a review routed to the board,
its reviewer, board members."""
