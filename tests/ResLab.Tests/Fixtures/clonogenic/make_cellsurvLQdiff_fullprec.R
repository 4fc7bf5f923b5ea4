# Full-precision F tests of CFAssay 1.21.1's cellsurvLQdiff (common vs curve-specific alpha, beta) for every
# method/PEmethod, computed with the same stats::glm / stats::lm calls and anova() that cellsurvLQdiff makes
# (R/cellsurvLQdiff.R, ZytoHMGU/CFAssay 13f9291). CFAssay itself prints F and p to 5 and 4 significant digits
# (CF1_cellsurvLQdiff_print.txt); this script keeps all digits. Run: Rscript make_cellsurvLQdiff_fullprec.R
X <- read.csv("CF1_expl1_cellsurvcurves_input.csv")
X$curves <- X$cline
X$curveExp <- paste(X$curves, X$Exp, sep = "_")
X$dose2 <- X$dose^2
X$lcells <- log(X$ncells)
X$lnS <- log(X$ncolonies / X$ncells)
X0 <- subset(X, dose == 0)
ple <- tapply(X0$ncolonies, X0$curveExp, sum) / tapply(X0$ncells, X0$curveExp, sum)
X1 <- subset(X, dose > 0)
X1$pe <- as.vector(ple[X1$curveExp])
X1$wt <- X1$ncolonies * X1$ncells / (X1$ncells - X1$ncolonies)
fits <- list(
  ml_fit = list(glm(ncolonies ~ (factor(Exp) - 1) %in% curves + dose + dose2, offset = lcells, family = quasipoisson(link = "log"), data = X),
                glm(ncolonies ~ (factor(Exp) - 1 + dose + dose2) %in% curves, offset = lcells, family = quasipoisson(link = "log"), data = X)),
  ml_fix = list(glm(ncolonies ~ -1 + dose + dose2, offset = lcells + log(pe), family = quasipoisson(link = "log"), data = X1),
                glm(ncolonies ~ (-1 + dose + dose2) %in% curves, offset = lcells + log(pe), family = quasipoisson(link = "log"), data = X1)),
  ls_fit = list(lm(lnS ~ factor(Exp) * curves + dose + dose2, data = X),
                lm(lnS ~ (factor(Exp) + dose + dose2) %in% curves, data = X)),
  ls_fix = list(lm(lnS ~ -1 + dose + dose2, offset = log(pe), data = X1),
                lm(lnS ~ (-1 + dose + dose2) %in% curves, offset = log(pe), data = X1)),
  franken_fix = list(lm(lnS ~ -1 + dose + dose2, offset = log(pe), weights = wt, data = X1),
                     lm(lnS ~ (-1 + dose + dose2) %in% curves, offset = log(pe), weights = wt, data = X1)))
rows <- do.call(rbind, lapply(names(fits), function(k) {
  a <- anova(fits[[k]][[1]], fits[[k]][[2]], test = "F")
  m1 <- fits[[k]][[1]]; c1 <- coef(m1); se1 <- sqrt(diag(vcov(m1)))
  data.frame(case = k, F = a$F[2], df1 = a$Df[2], df2 = a[2, 1], p = a[2, ncol(a)],
             resid_dev_common = deviance(m1), resid_dev_separate = deviance(fits[[k]][[2]]),
             alpha_common = c1[["dose"]], beta_common = c1[["dose2"]],
             se_alpha_common = se1[["dose"]], se_beta_common = se1[["dose2"]])
}))
write.csv(rows, "CF1_cellsurvLQdiff_fullprec.csv", row.names = FALSE, quote = TRUE)
