"""The owner's reports at /staff/reports/: the journey funnel, money, diary health and retention."""
