# Independent check of the S.alba least-squares optimum: minpack.lm::nlsLM per herbicide with very tight
# tolerances (drc 3.2-0's BFGS stops at relTol 1e-7 before it). Writes the fixture
# tests/ResLab.Tests/Fixtures/dose_response/crosscheck_salba_nlsLM_tight.csv.
# Run: Rscript bench/peers/salba_nlsLM_tight.R tests/ResLab.Tests/Fixtures/dose_response/DR3_S.alba_input.csv OUT.csv
library(minpack.lm)
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
out <- NULL
for (h in unique(d$curve)) {
  s <- d[d$curve == h, ]
  m <- nlsLM(response ~ c + (d - c) / (1 + exp(b * (log(dose) - log(e)))), data = s,
             start = list(b = 3, c = 0.7, d = 3.8, e = 40),
             control = nls.lm.control(ftol = 1e-15, ptol = 1e-15, maxiter = 1000))
  out <- rbind(out, data.frame(curve = h, par = names(coef(m)), est = unname(coef(m)), rss = sum(resid(m)^2)))
}
write.csv(out, args[2], row.names = FALSE)
