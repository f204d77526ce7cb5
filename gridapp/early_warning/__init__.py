"""预警预判: early warnings computed from the event logs, and 专项整治 campaigns."""
