"""claimledger: claims from news articles, with exact provenance."""

__version__ = "0.1.0"
