"""The support center's homepage (働き方改革推進支援センター): its settings, seminars, experts,
news and cases, and what is made from them (listings, calendars, the news feed, JSON-LD)."""
