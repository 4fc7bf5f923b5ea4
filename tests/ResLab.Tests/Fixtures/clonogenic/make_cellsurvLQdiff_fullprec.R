# Full-precision F tests for the comparison CFAssay 1.21.1's cellsurvLQdiff makes: model 1 with one (alpha, beta)
# for both lines against model 2 with line-specific (alpha, beta), plating efficiencies per experiment (nested in
# line) in both, for every method/PEmethod; F test by anova(model1, model2, test = "F"). CFAssay prints F and p to
# 5 and 4 significant digits only (CF1_cellsurvLQdiff_print.txt); this keeps all digits.
# Run: Rscript make_cellsurvLQdiff_fullprec.R   (R 4.2.2, base stats only)
X <- read.csv("CF1_expl1_cellsurvcurves_input.csv")
X$line <- factor(X$cline)
X$expt <- factor(paste(X$cline, X$Exp, sep = ":"))     # experiments nested in lines
X$d2 <- X$dose^2
X$logS <- log(X$ncolonies / X$ncells)
ctrl <- X[X$dose == 0, ]
pe0 <- tapply(ctrl$ncolonies, ctrl$expt, sum) / tapply(ctrl$ncells, ctrl$expt, sum)   # pooled 0-Gy PE
Xi <- X[X$dose > 0, ]
Xi$logpe <- log(as.vector(pe0[as.character(Xi$expt)]))
Xi$w <- Xi$ncolonies * Xi$ncells / (Xi$ncells - Xi$ncolonies)                      # Franken et al. 2006
qp <- quasipoisson(link = "log")
models <- list(
  ml_fit = list(glm(ncolonies ~ 0 + expt + dose + d2, offset = log(ncells), family = qp, data = X),
                glm(ncolonies ~ 0 + expt + line:dose + line:d2, offset = log(ncells), family = qp, data = X)),
  ml_fix = list(glm(ncolonies ~ 0 + dose + d2, offset = log(ncells) + logpe, family = qp, data = Xi),
                glm(ncolonies ~ 0 + line:dose + line:d2, offset = log(ncells) + logpe, family = qp, data = Xi)),
  ls_fit = list(lm(logS ~ 0 + expt + dose + d2, data = X),
                lm(logS ~ 0 + expt + line:dose + line:d2, data = X)),
  ls_fix = list(lm(logS ~ 0 + dose + d2, offset = logpe, data = Xi),
                lm(logS ~ 0 + line:dose + line:d2, offset = logpe, data = Xi)),
  franken_fix = list(lm(logS ~ 0 + dose + d2, offset = logpe, weights = w, data = Xi),
                     lm(logS ~ 0 + line:dose + line:d2, offset = logpe, weights = w, data = Xi)))
rows <- do.call(rbind, lapply(names(models), function(k) {
  m1 <- models[[k]][[1]]; m2 <- models[[k]][[2]]
  a <- anova(m1, m2, test = "F")
  se1 <- sqrt(diag(vcov(m1)))
  data.frame(case = k, F = a$F[2], df1 = a$Df[2], df2 = a[2, 1], p = a[2, ncol(a)],
             resid_dev_common = deviance(m1), resid_dev_separate = deviance(m2),
             alpha_common = coef(m1)[["dose"]], beta_common = coef(m1)[["d2"]],
             se_alpha_common = se1[["dose"]], se_beta_common = se1[["d2"]])
}))
write.csv(rows, "CF1_cellsurvLQdiff_fullprec.csv", row.names = FALSE, quote = TRUE)
