"""Milestones worth a moment of celebration: pure functions of the counts."""

NO_MILESTONES = (1, 10, 25, 50, 100)


def milestone_label(count: int) -> str:
    return "First no" if count == 1 else f"{count} no's"


def milestones_reached(rejections: int, target: int | None) -> list[str]:
    """Return the milestones a member has reached, in the order they come."""
    reached = [milestone_label(count) for count in NO_MILESTONES if rejections >= count]
    if target and rejections >= target:
        reached.append("Goal reached")
    return reached


def milestone_crossed(before: int, after: int) -> str | None:
    """Return the milestone that going from `before` to `after` rejections crosses, if any."""
    crossed = [count for count in NO_MILESTONES if before < count <= after]
    return milestone_label(crossed[-1]) if crossed else None
