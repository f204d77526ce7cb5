"""The 预警 queue: early warnings, their cases, 督办 and 专项整治."""
