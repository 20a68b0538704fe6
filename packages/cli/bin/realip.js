#!/usr/bin/env node
// The `realip` command. Kept outside dist/ so npm can link it before the first build.
import '../dist/esm/bin.js';
