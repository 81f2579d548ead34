module paved.local/cluster/sim

go 1.22
