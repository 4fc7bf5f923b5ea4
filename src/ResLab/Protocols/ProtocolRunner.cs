using ResLab.Simulation;

namespace ResLab.Protocols;

/// <summary>How a run ended.</summary>
public enum Outcome { Completed, Extinct, Stopped }

/// <summary>
/// Executes a protocol on a culture: timed actions at their exact times, rules at inspections (edge-triggered),
/// escalations and pulses, phases in order, readouts. A flask that empties ends the run with
/// <see cref="Outcome.Extinct"/> (a result, not an error).
/// </summary>
public sealed class ProtocolRunner
{
    private readonly Protocol _p;
    private readonly Culture _c;
    private readonly Dictionary<string, Population> _snapshots = new();
    private readonly List<(double Time, Action Do)> _scheduled = new();

    private sealed class RuleState
    {
        public int Fired;
        public double LastFired = double.NegativeInfinity;
        public bool Armed = true;
    }

    private sealed class EscalationState
    {
        public required Escalation E;
        public int Level;
        public int PassagesAtLevel;
        public double LevelStart;
        public bool Complete;
    }

    private EscalationState? _esc;
    private double _phaseStart;
    public Outcome Outcome { get; private set; } = Outcome.Completed;
    public string StopReason { get; private set; } = "";
    public IReadOnlyDictionary<string, Population> Snapshots => _snapshots;

    public ProtocolRunner(Protocol protocol, Culture culture)
    {
        _p = protocol;
        _c = culture;
    }

    private bool _stopped;

    public void Run(CancellationToken cancel = default, Action<double>? progress = null)
    {
        _c.Medium.OxygenMmHg = _p.OxygenMmHg;
        for (int phaseIndex = 0; phaseIndex < _p.Phases.Count && !_stopped; phaseIndex++)
        {
            var phase = _p.Phases[phaseIndex];
            _phaseStart = _c.Time;
            _c.Note("phase", phase.Name, phaseIndex + 1);
            var states = phase.Rules.Select(_ => new RuleState()).ToArray();
            double phaseEnd = Math.Min(_p.Duration, phase.Length is { } len ? _phaseStart + len : double.PositiveInfinity);
            double nextInspect = _phaseStart;
            FireTimed(phase, states, _phaseStart, includeStart: true);
            while (!_stopped)
            {
                cancel.ThrowIfCancellationRequested();
                if (CheckEnd()) break;
                double next = Math.Min(phaseEnd, nextInspect > _c.Time + 1e-9 ? nextInspect : _c.Time + _p.InspectEvery);
                next = Math.Min(next, NextTimed(phase, states));
                foreach (var s in _scheduled) next = Math.Min(next, s.Time);
                foreach (var r in _p.Readouts) if (r.At is { } at && at > _c.Time + 1e-9) next = Math.Min(next, at);
                _c.AdvanceTo(next);
                progress?.Invoke(_c.Time / _p.Duration);
                if (CheckEnd()) break;
                RunScheduled();
                foreach (var r in _p.Readouts) if (r.At is { } at && Math.Abs(at - _c.Time) < 1e-6) Snapshot(r.Name);
                FireTimed(phase, states, _c.Time, includeStart: false);
                if (_c.Time + 1e-9 >= nextInspect)
                {
                    Inspect(phase, states);
                    nextInspect = _c.Time + _p.InspectEvery;
                    if (phase.Until is { } u && Holds(u)) { _c.Note("phase_end", $"{phase.Name}: {u}", phaseIndex + 1); break; }
                }
                if (_c.Time + 1e-9 >= phaseEnd) break;
            }
            foreach (var r in _p.Readouts) if (r.PhaseEnd == phase.Name) Snapshot(r.Name);
            if (_c.Time + 1e-9 >= _p.Duration) break;
        }
        if (_c.Extinct && Outcome != Outcome.Stopped) { Outcome = Outcome.Extinct; _c.Note("extinct", "the flask is empty", _c.Time); }
        _c.RecordNow();
        foreach (var r in _p.Readouts) if (r.AtEnd) Snapshot(r.Name);
    }

    private bool CheckEnd()
    {
        if (_c.Extinct) { Outcome = Outcome.Extinct; _stopped = true; return true; }
        if (_c.Time + 1e-9 >= _p.Duration) { _stopped = true; return true; }
        return false;
    }

    private void Snapshot(string name)
    {
        _snapshots[name] = _c.Snapshot();
        _c.Note("readout", name);
    }

    private void RunScheduled()
    {
        var due = _scheduled.Where(s => s.Time <= _c.Time + 1e-9).ToList();
        _scheduled.RemoveAll(s => s.Time <= _c.Time + 1e-9);
        foreach (var d in due) d.Do();
    }

    // ------------------------------------------------------------------ timed rules

    private double NextTimed(Phase phase, RuleState[] states)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < phase.Rules.Count; i++)
        {
            var t = NextTime(phase.Rules[i].Trigger, states[i], _c.Time + 1e-9);
            if (t < best) best = t;
        }
        return best;
    }

    /// <summary>The next firing time strictly after <paramref name="after"/> (absolute h), or +∞.</summary>
    private double NextTime(Trigger trig, RuleState st, double after)
    {
        double s = _phaseStart;
        switch (trig)
        {
            case AtTrigger a:
                return st.Fired == 0 && s + a.Time > after ? s + a.Time : double.PositiveInfinity;
            case EveryTrigger e:
            {
                if (e.Times is { } n && st.Fired >= n) return double.PositiveInfinity;
                double first = s + e.Offset;
                if (first > after) return first;
                double k = Math.Floor((after - first) / e.Period) + 1;
                return first + k * e.Period;
            }
            case DaysTrigger d:
            {
                double best = double.PositiveInfinity;
                foreach (var day in d.Days)
                {
                    double t = s + (day - 1) * 24 + d.TimeOfDay;
                    if (t > after && t < best) best = t;
                }
                return best;
            }
            case WeekdaysTrigger w:
            {
                // day index 0 of the protocol (t = 0) is a Monday
                double t0 = Math.Floor(after / 24) * 24 + w.TimeOfDay;
                for (int i = 0; i < 15; i++)
                {
                    double t = t0 + i * 24;
                    if (t <= after) continue;
                    var dow = (DayOfWeek)(((int)Math.Floor(t / 24) % 7 + 1) % 7);
                    if (w.Weekdays.Contains(dow)) return t;
                }
                return double.PositiveInfinity;
            }
            default:
                return double.PositiveInfinity;
        }
    }

    private void FireTimed(Phase phase, RuleState[] states, double now, bool includeStart)
    {
        for (int i = 0; i < phase.Rules.Count; i++)
        {
            var rule = phase.Rules[i];
            if (rule.Trigger is WhenTrigger) continue;
            var t = NextTime(rule.Trigger, states[i], now - 1e-6);
            if (Math.Abs(t - now) < 1e-6 && (includeStart || now > _phaseStart + 1e-9 || t > _phaseStart - 1e-9))
            {
                if (states[i].LastFired >= now - 1e-9) continue;
                states[i].Fired++;
                states[i].LastFired = now;
                Execute(rule.Actions);
            }
        }
    }

    // ------------------------------------------------------------------ inspections

    private void Inspect(Phase phase, RuleState[] states)
    {
        for (int i = 0; i < phase.Rules.Count; i++)
        {
            if (phase.Rules[i].Trigger is not WhenTrigger w) continue;
            var st = states[i];
            bool holds = Holds(w.Condition);
            if (!holds) { st.Armed = true; continue; }
            if (!st.Armed || _c.Time - st.LastFired < w.MinInterval - 1e-9) continue;
            st.Armed = false;
            st.Fired++;
            st.LastFired = _c.Time;
            Execute(phase.Rules[i].Actions);
            if (_stopped || _c.Extinct) return;
        }
        if (_esc is { Complete: false, E.Advance: WhenConfluence wc } e && _c.Confluence >= wc.Confluence && _c.Time - e.LevelStart >= wc.MinHours - 1e-9)
            AdvanceEscalation();
        if (_esc is { Complete: false, E.Advance: AfterTime at } e2 && _c.Time - e2.LevelStart >= at.Hours - 1e-9)
            AdvanceEscalation();
    }

    private double Value(Observable o) => o switch
    {
        Observable.Confluence => _c.Confluence,
        Observable.Cells => _c.TotalCells,
        Observable.Passages => _c.Passages,
        Observable.PassagesAtLevel => _esc?.PassagesAtLevel ?? 0,
        Observable.Dose => _c.CumulativeDoseGy,
        Observable.Fractions => _c.Fractions,
        Observable.Time => _c.Time,
        Observable.PhaseTime => _c.Time - _phaseStart,
        Observable.EscalationComplete => _esc?.Complete == true ? 1 : 0,
        Observable.Extinct => _c.Extinct ? 1 : 0,
        _ => double.NaN,
    };

    private bool Holds(Condition c)
    {
        foreach (var cl in c.Clauses)
        {
            double v = Value(cl.What);
            bool ok = cl.Op switch
            {
                Comparison.Ge => v >= cl.Value - 1e-12,
                Comparison.Gt => v > cl.Value,
                Comparison.Le => v <= cl.Value + 1e-12,
                _ => v < cl.Value,
            };
            if (!ok) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ actions

    private void Execute(IReadOnlyList<ProtocolAction> actions)
    {
        foreach (var a in actions)
        {
            if (_stopped) return;
            switch (a)
            {
                case SetDrugAction s: _c.SetDrug(s.Drug, s.Micromolar); break;
                case RemoveDrugAction r: _c.RemoveDrug(r.Drug); break;
                case PulseAction p:
                    _c.SetDrug(p.Drug, p.Micromolar, $"{p.Drug} {p.Micromolar:G6} uM for {p.Hours:G6} h");
                    _scheduled.Add((_c.Time + p.Hours, () => { _c.RemoveDrug(p.Drug); _c.ChangeMedium(); }));
                    break;
                case EscalateAction e: StartEscalation(e.Escalation); break;
                case IrradiateAction i:
                    if (i.TotalGray is { } limit && _c.CumulativeDoseGy + i.Gray > limit + 1e-9) break;
                    _c.Irradiate(i.Gray, i.OverHours);
                    break;
                case ChangeMediumAction: _c.ChangeMedium(); break;
                case PassageAction pa:
                    if (pa.SeedCells is { } n) _c.Passage(n, $"reseeded {n} cells");
                    else _c.Split(pa.SplitRatio ?? 1);
                    OnPassage();
                    break;
                case StopAction st:
                    _stopped = true;
                    Outcome = Outcome.Stopped;
                    StopReason = st.Reason;
                    _c.Note("stop", st.Reason);
                    break;
                case ReadoutAction ro: Snapshot(ro.Name); break;
            }
            if (_c.Extinct) return;
        }
    }

    private void StartEscalation(Escalation e)
    {
        _esc = new EscalationState { E = e, Level = 0, LevelStart = _c.Time };
        ApplyLevel();
    }

    private void ApplyLevel()
    {
        var e = _esc!;
        double c = e.E.Levels[e.Level];
        _c.Note("escalation", $"{e.E.Drug} level {e.Level + 1}/{e.E.Levels.Count}: {c:G6} uM", c);
        if (e.E.ExposureHours is { } h)
        {
            _c.SetDrug(e.E.Drug, c, $"{e.E.Drug} {c:G6} uM for {h:G6} h");
            _scheduled.Add((_c.Time + h, () => { _c.RemoveDrug(e.E.Drug); _c.ChangeMedium(); }));
        }
        else _c.SetDrug(e.E.Drug, c);
    }

    private void OnPassage()
    {
        if (_esc is not { } e) return;
        if (e.Complete) { if (e.E.ExposureHours is not null) ApplyLevel(); return; } // maintenance at the maximum
        e.PassagesAtLevel++;
        if (e.E.Advance is AfterPassages ap && e.PassagesAtLevel >= ap.Passages) AdvanceEscalation();
        else if (e.E.ExposureHours is not null) ApplyLevel(); // re-expose the reseeded flask at this level
    }

    private void AdvanceEscalation()
    {
        var e = _esc!;
        if (e.Level >= e.E.Levels.Count - 1)
        {
            e.Complete = true;
            _c.Note("escalation_complete", $"{e.E.Drug} held at {e.E.Levels[^1]:G6} uM", e.E.Levels[^1]);
            if (e.E.ExposureHours is not null) ApplyLevel();
            return;
        }
        e.Level++;
        e.PassagesAtLevel = 0;
        e.LevelStart = _c.Time;
        ApplyLevel();
    }
}
