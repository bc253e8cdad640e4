from .balance import Balance, balance_of, balances_for

__all__ = ["Balance", "balance_of", "balances_for"]
