// The shared samples of trees written by others (read-only; tests work on copies).
export const realTrees = process.env.OSTOO_REAL_TREES ?? '/work/shared/real-trees';
