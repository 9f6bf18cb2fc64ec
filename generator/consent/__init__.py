"""Consent signals: AI-crawler data, licences, TDMRep, host headers and the XMP reservation."""
