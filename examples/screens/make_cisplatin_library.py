#!/usr/bin/env python3
"""Regenerates cisplatin-modifier-library.tsv, the focused sgRNA library of the simulated cisplatin modifier screen
(cisplatin-modifier-screen.yaml). Deterministic (fixed seed; Python standard library only).

The library (300 genes x 4 sgRNAs + 100 non-targeting controls = 1,300 sgRNAs):
  * 13 genes of the resistance mechanisms of the review (Cells 2025, 14:18) and the project summary: KEAP1 and CUL3
    (NRF2 activation), NFE2L2, GCLC, GCLM, SLC7A11 and GLS (glutathione synthesis), ERCC4 and XPA (nucleotide
    excision repair), ABCB1, ATP7A and ATP7B (efflux), and TP53 (already mutant in CAL27: a gene with a known role that
    has no effect in this line);
  * 40 core-essential genes (every 17th of CEGv2, Hart et al. 2017, G3 7:2719, doi:10.1534/g3.117.041277);
  * 247 non-essential genes (from NEGv1, Hart et al. 2014, Mol Syst Biol 10:733, doi:10.15252/msb.20145216), which
    the shipped effect table leaves neutral;
  * 100 non-targeting sgRNAs (gene 'NonTargeting').
On-target efficiencies are ASSUMED: Beta(8, 2) per sgRNA (mean 0.8; most guides of optimised libraries are active,
a minority leave in-frame alleles). No sequences: the simulator needs ids, genes and efficiencies only.
Run: python3 examples/screens/make_cisplatin_library.py
"""
import os
import random

MODIFIERS = ["KEAP1", "CUL3", "NFE2L2", "GCLC", "GCLM", "SLC7A11", "GLS", "ERCC4", "XPA", "ABCB1", "ATP7A", "ATP7B", "TP53"]
ESSENTIAL = [
    "AARS", "ARCN1", "AURKB", "CCT2", "CDT1", "CLTC", "COX6B1", "DDX18", "DIEXF", "EEF2", "EIF6", "FAU", "GNL3",
    "HAUS1", "HYPK", "KIF23", "MARS", "MPHOSPH10", "MYC", "NIP7", "NUDC", "OGT", "PHF5A", "POLR2H", "PPWD1",
    "PSMA6", "PSMD4", "RBM17", "RPF2", "RPL36", "RPS2", "SAE1", "SF3B5", "SNRPA1", "SS18L2", "THOC2", "TRAPPC1",
    "TUFM", "UROD", "WDR3"]
NEUTRAL = [
    "ABCG8", "ACTL7A", "ACTL9", "ADAD1", "ADAM2", "ADAM30", "AFM", "AIPL1", "ALPPL2", "AMELX", "ANKRD60", "APOA4",
    "APOF", "AQP8", "ART1", "ASIC5", "ATOH1", "ATP6V1G3", "AWAT2", "BANF2", "BEND2", "BIRC8", "BMP15", "BPIFA3",
    "BPIFB6", "BPY2", "BSND", "CABP5", "CACNG2", "CACNG5", "CCDC155", "CCDC83", "CCL1", "CD200R1L", "CDX2", "CDY1",
    "CDY2A", "CEACAM7", "CELA3A", "CER1", "CFHR2", "CHAT", "CHRNB3", "CLDN17", "CLEC3A", "CLRN1", "CNGA2", "CNPY1",
    "COL20A1", "CPXCR1", "CRX", "CSH1", "CSN2", "CST11", "CST5", "CST9", "CSTL1", "CTRB1", "CYP11B1", "CYP26C1",
    "CYP2C19", "CYP4F8", "DAZ1", "DAZ3", "DAZL", "DCAF8L1", "DDX4", "DEFA6", "DEFB123", "DEFB127", "DGKK", "DMRT1",
    "DMRTC2", "DRD3", "DSG4", "DTX2", "DUXA", "EGR4", "ESX1", "F13B", "FABP2", "FAM47B", "FCRL4", "FEZF2", "FGF3",
    "FGF6", "FLG2", "FNDC7", "FOXB1", "FOXE3", "FOXR1", "FSCB", "FUT9", "GABRA6", "GALNTL5", "GALR3", "GCG",
    "GDF2", "GFRAL", "GHRH", "GJA10", "GK2", "GLRA1", "GLT6D1", "GOT1L1", "GPR119", "GPR148", "GPR152", "GPR31",
    "GPR45", "GPR52", "GPRC6A", "GRM4", "GRM6", "GSX1", "GUCA2A", "HAO1", "HHLA1", "HOXB1", "HRG", "HSFY1", "HTN3",
    "HTR2C", "HTR3D", "HTR5A", "IAPP", "IFNA10", "IFNA16", "IFNA2", "IFNA4", "IFNA6", "IFNA8", "IFNK", "IL12B",
    "IL17A", "IL1F10", "IL22", "IL26", "IL31", "IL36B", "IL9", "INSL5", "INSRR", "IRGC", "ITIH6", "KCNA10",
    "KCNG4", "KCNK16", "KCNV1", "KIF2B", "KIR3DL3", "KLK9", "KRT25", "KRT28", "KRT35", "KRT37", "KRT40", "KRT73",
    "KRT75", "KRT77", "KRT82", "KRT85", "KRT9", "LBX1", "LCT", "LGALS14", "LHX3", "LIM2", "LIPM", "LRIT1",
    "LRRC10", "LYZL1", "LYZL6", "MAGEA11", "MAGEB10", "MAGEB3", "MAGEC3", "MAS1L", "MBD3L2", "MC2R", "MC5R",
    "MEP1B", "MFRP", "MMP20", "MMP26", "MOGAT3", "MRGPRD", "MRGPRX2", "MS4A10", "MS4A5", "MTNR1B", "MUC7", "MYF5",
    "NCR2", "NEUROD2", "NEUROD6", "NKX2-1", "NLRP4", "NLRP8", "NMS", "NOTO", "NPFFR1", "NPSR1", "NR2E1", "OC90",
    "OLIG3", "OPN1LW", "OR10A2", "OR10A5", "OR10H2", "OR10J1", "OR1A2", "OR1D2", "OR1E2", "OR2C1", "OR2H1",
    "OR2T1", "OR3A1", "OR3A3", "OR4D1", "OR52A1", "OR5C1", "OR6A2", "OR7C2", "OR8A1", "OTOP1", "OTOR", "OTX2",
    "PANX3", "PAX1", "PDE6H", "PDYN", "PGLYRP2", "PIWIL1", "PNLIP", "PNLIPRP2", "POU4F2", "PRB1", "PRDM13",
    "PRDM7", "PRG3", "PRLHR", "PTF1A", "RAX2", "RD3", "REG3A", "RFX6"]

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261201)
with open(os.path.join(here, "cisplatin-modifier-library.tsv"), "w", newline="\n") as f:
    f.write("sgRNA\tgene\tefficiency\n")
    for gene in MODIFIERS + ESSENTIAL + NEUTRAL:
        for k in range(1, 5):
            f.write("%s_sg%d\t%s\t%.3f\n" % (gene, k, gene, rng.betavariate(8, 2)))
    for k in range(1, 101):
        f.write("NonTargeting_%03d\tNonTargeting\t%.3f\n" % (k, 0.0))
