"""The demo's LCSPRs: one at each stage, and one held while criminal proceedings run."""
