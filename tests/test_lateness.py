"""The late policy on its own (no LMS, no grading run): deadlines in zones, grace to the second,
the started-day rule, the cutoff, extensions and where a setting came from."""
import datetime

import pytest

from autograder.grading import lateness

SG = "Asia/Singapore"


def make(**options):
    return lateness.policy({"timezone": SG, **options})


def at(text):
    return lateness.iso(datetime.datetime.fromisoformat(text))


def test_grace_boundary_to_the_second():
    policy = make(due="2026-10-20 23:59", grace=10, penalty=10)
    on_time = lateness.assess(policy, "ann", "2026-10-21T00:09:00+08:00", 80)
    one_second = lateness.assess(policy, "ann", "2026-10-21T00:09:01+08:00", 80)
    assert (on_time.hours_late, on_time.penalty, on_time.late) == (0.0, 0.0, False)
    assert (one_second.days, one_second.penalty, one_second.late) == (1, 8.0, True)
    assert one_second.hours_late == 0.01  # shown late, not 0.00


def test_each_started_24_hours_costs_the_percentage_of_what_was_earned():
    policy = make(due="2026-10-20 12:00", penalty=25)
    cases = {"2026-10-21T12:00:00+08:00": (1, 20.0), "2026-10-21T12:00:01+08:00": (2, 40.0),
             "2026-10-23T11:00:00+08:00": (3, 60.0), "2026-10-25T12:00:00+08:00": (5, 80.0)}
    for when, (days, penalty) in cases.items():
        late = lateness.assess(policy, "ann", when, 80)
        assert (late.days, late.penalty) == (days, penalty), when
    assert lateness.assess(policy, "ann", "2026-10-21T12:00:00+08:00", 80).hours_late == 24.0


def test_the_same_instant_in_another_zone_is_as_late():
    policy = make(due="2026-10-20 23:59", penalty=10)
    # 23:59 in Singapore is 10:59 in Chicago (CDT, UTC-5)
    assert lateness.assess(policy, "a", "2026-10-20T10:59:00-05:00", 50).hours_late == 0
    assert lateness.assess(policy, "a", "2026-10-20T11:00:00-05:00", 50).penalty == 5.0


def test_deadline_across_a_dst_change_counts_real_hours():
    # Chicago leaves DST on 2026-11-01 02:00 (clocks back one hour): from due Saturday 12:00
    # CDT to Sunday 11:30 CST is 24.5 real hours, so two started days, not one
    policy = lateness.policy({"due": "2026-10-31 12:00", "timezone": "America/Chicago",
                              "penalty": 10})
    assert policy.due.utcoffset() == datetime.timedelta(hours=-5)
    late = lateness.assess(policy, "a", "2026-11-01T11:30:00-06:00", 100)
    assert (late.hours_late, late.days, late.penalty) == (24.5, 2, 20.0)
    # and the due time itself shown in the course zone with its offset
    assert late.due == "2026-10-31T12:00:00-05:00"


def test_due_times_that_do_not_exist_or_happen_twice_are_refused():
    with pytest.raises(lateness.PolicyError, match="does not exist"):
        lateness.policy({"due": "2026-03-08 02:30", "timezone": "America/Chicago"})
    with pytest.raises(lateness.PolicyError, match="happens twice"):
        lateness.policy({"due": "2026-11-01 01:30", "timezone": "America/Chicago"})
    with pytest.raises(lateness.PolicyError, match="unknown time zone"):
        lateness.policy({"due": "2026-11-01 01:30", "timezone": "Mars/Olympus"})
    with pytest.raises(lateness.PolicyError, match="not a time"):
        lateness.policy({"due": "26/10/2026", "timezone": SG})
    with pytest.raises(lateness.PolicyError, match="late penalty"):
        lateness.policy({"penalty": 150})


def test_cutoff_gives_zero_and_too_late():
    policy = make(due="2026-10-20 23:59", penalty=10, cutoff=3)
    last = lateness.assess(policy, "a", "2026-10-23T23:59:00+08:00", 70)
    over = lateness.assess(policy, "a", "2026-10-23T23:59:01+08:00", 70)
    assert (last.too_late, last.penalty) == (False, 21.0)
    assert (over.too_late, over.penalty) == (True, 70.0)
    assert "cutoff" in over.summary()


def test_unknown_time_gets_no_penalty():
    policy = make(due="2026-10-20 23:59", penalty=10, cutoff=1)
    late = lateness.assess(policy, "a", "", 70)
    assert late.unknown and late.penalty == 0 and not late.too_late and late.hours_late is None
    assert "unknown" in late.summary()


def test_without_a_deadline_lateness_is_only_the_time():
    late = lateness.assess(lateness.Policy(), "a", "2026-10-20T09:00:00+08:00", 70)
    assert (late.submitted_at, late.hours_late, late.penalty) == (
        "2026-10-20T09:00:00+08:00", None, 0.0)
    assert lateness.cells(late) == ["2026-10-20T09:00:00+08:00", "", "0.00"]


def test_extensions_csv_matched_unmatched_and_unreadable_lines():
    tz = lateness.zone(SG)
    data = ("student,due\nAnn,2026-10-25 23:59\nbob,next week\n,2026-10-25 23:59\nzed\n"
            "=cmd|' /C calc'!A0,2026-10-25 23:59\n").encode()
    found, problems = lateness.read_extensions(data, tz)
    assert set(found) == {"ann", "=cmd|' /c calc'!a0"}
    assert [p.split(":")[0] for p in problems] == ["extensions line 3", "extensions line 4",
                                                   "extensions line 5"]
    policy = make(due="2026-10-20 23:59", penalty=10)
    policy.extensions.update(found)
    assert lateness.assess(policy, "ann", "2026-10-24T10:00:00+08:00", 50).penalty == 0
    extended = lateness.assess(policy, "ANN", "2026-10-26T00:00:00+08:00", 50)
    assert extended.extended and extended.penalty == 5.0 and extended.due.startswith(
        "2026-10-25T23:59")
    assert lateness.unmatched(policy, ["ann", "bob"]) == [
        "extensions: \"=cmd|' /c calc'!a0\" matches no student of this class"]


def test_extensions_csv_limits():
    tz = lateness.zone(SG)
    found, problems = lateness.read_extensions(b"x" * (lateness.EXTENSIONS_BYTES + 1), tz)
    assert not found and "not read" in problems[0]
    found, problems = lateness.read_extensions(b"\xff\xfe not utf-8", tz)
    assert not found and "not UTF-8" in problems[0]
    many = "".join(f"s{k},2026-10-25 23:59\n" for k in range(lateness.EXTENSIONS_LINES + 5))
    found, problems = lateness.read_extensions(many.encode(), tz)
    assert len(found) == lateness.EXTENSIONS_LINES and "not read" in problems[-1]


def test_options_override_the_notebook_config_and_say_so():
    config = {"due": "2026-10-20 23:59", "timezone": SG, "late": {"penalty": 5, "cutoff": 2}}
    policy = lateness.policy({"due": "2026-10-22 12:00", "penalty": None}, config)
    assert lateness.iso(policy.due) == "2026-10-22T12:00:00+08:00"
    assert (policy.penalty_pct, policy.cutoff_days) == (5, 2)
    assert policy.sources == {"due": "option", "timezone": "config", "penalty": "config",
                              "cutoff": "config"}
    words = lateness.applied(policy)
    assert "due from grade's options" in words and "penalty" in words and "config" in words


def test_policy_survives_the_saved_state():
    policy = make(due="2026-10-20 23:59", grace=5, penalty=10, cutoff=3)
    policy.extensions["ann"] = lateness.local_time("2026-10-25 23:59", lateness.zone(SG))
    again = lateness.Policy.from_state(policy.to_state())
    for when in ("2026-10-21T00:04:00+08:00", "2026-10-22T00:05:00+08:00",
                 "2026-10-30T00:00:00+08:00"):
        for who in ("ann", "bob"):
            assert lateness.assess(again, who, when, 60) == lateness.assess(policy, who, when,
                                                                             60)
    assert lateness.Policy.from_state("garbage").due is None


def test_resolve_zone_abbreviations_through_the_course_zone():
    chicago = lateness.zone("America/Chicago")
    naive = datetime.datetime(2026, 11, 1, 1, 30)  # happens twice in Chicago
    assert lateness.resolve(naive, chicago, "CDT")[0].utcoffset().total_seconds() == -5 * 3600
    assert lateness.resolve(naive, chicago, "CST")[0].utcoffset().total_seconds() == -6 * 3600
    moment, flags = lateness.resolve(naive, chicago, "")
    assert flags and "happens twice" in flags[0]
    # SGT is not the zone database's name for Singapore (+08) but means that offset
    assert lateness.resolve(naive, lateness.zone(SG), "SGT") == (
        naive.replace(tzinfo=lateness.zone(SG)), [])
    # CST in China is +08, through Asia/Shanghai
    assert lateness.resolve(naive, lateness.zone("Asia/Shanghai"), "CST")[1] == []
    # an abbreviation the zone does not use: flagged
    assert lateness.resolve(naive, lateness.zone(SG), "QQT")[1]
