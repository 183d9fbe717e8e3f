"""Claims, verdicts, their parts, claimants, sources and ClaimReviews over the REST API:
serializers, filters and viewsets, routed by config/api_urls.py."""
