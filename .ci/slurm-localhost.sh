#!/usr/bin/env bash
# Starts a single-node Slurm on this machine (root, no systemd), for the cluster-sweep test. Idempotent: writes the
# configuration only when absent, starts munged, slurmctld and slurmd only when not running, and waits until the
# node is idle. Settings from ../shared/tools/slurm-localhost.sh (Debian slurm 22.05; proctrack/linuxproc, task/none,
# no accounting). Needs the Debian packages slurmctld slurmd slurm-client munge (.ci/prerequisites installs them).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then echo "slurm-localhost: must run as root" >&2; exit 1; fi
for p in slurmctld slurmd munged sinfo; do command -v "$p" >/dev/null 2>&1 || { echo "slurm-localhost: '$p' is not installed (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 1; }; done
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /run/slurm /etc/slurm
chown munge:munge /run/munge; chmod 755 /run/munge
[ -f /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
if ! grep -q '^# reslab single-node' /etc/slurm/slurm.conf 2>/dev/null; then
  H=$(hostname)
  CPUS=$(nproc)
  MEM=$(( $(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo) * 85 / 100 ))
  cat > /etc/slurm/slurm.conf <<CONF
# reslab single-node Slurm (.ci/slurm-localhost.sh)
ClusterName=local
SlurmctldHost=${H}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=${H} NodeAddr=127.0.0.1 CPUs=${CPUS} RealMemory=${MEM} State=UNKNOWN
PartitionName=debug Nodes=${H} Default=YES MaxTime=INFINITE State=UP
CONF
fi
pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged
munge -n | unmunge >/dev/null
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 1 30); do sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break; sleep 1; done
sinfo -h -o '%P %T %c' 2>/dev/null || { echo "slurm-localhost: sinfo does not answer" >&2; exit 1; }
