"""The Discord bot's features, one discord.py extension each (loaded by CrisisBot)."""
