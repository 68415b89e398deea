"""Sources: where tables come from before the loader checks them.

- ``qcew``: BLS Quarterly Census of Employment and Wages files (read, download, load);
- ``qwi``: Census Quarterly Workforce Indicators files;
- ``geo``: U.S. county shapes (shipped simplified in ``package_data``) and state outlines;
- ``demo``: the seeded synthetic demo state; ``builder`` loads it through the real loader.
"""
