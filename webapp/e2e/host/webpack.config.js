// Builds the Frontdesk host page (it stands in for the Mattermost web app; see root.html) into
// e2e/host/dist, laid out like the web app's own build: the server serves `<client>/root.html`
// for page routes and `<client>/<file>` at `/static/<file>`, so root.html, host.js and the files
// of static/ all sit at the top of dist. The browser test copies dist into the server's client folder.
const fs = require('fs');
const path = require('path');

const dist = path.join(__dirname, 'dist');

// Copies the hand-written files next to the built script once webpack has emitted it.
class CopyPageFiles {
    apply(compiler) {
        compiler.hooks.afterEmit.tap('CopyPageFiles', () => {
            fs.copyFileSync(path.join(__dirname, 'root.html'), path.join(dist, 'root.html'));
            fs.cpSync(path.join(__dirname, 'static'), dist, {recursive: true});
        });
    }
}

module.exports = {
    entry: path.join(__dirname, 'src', 'host.tsx'),
    resolve: {
        extensions: ['.ts', '.tsx', '.js', '.json'],
    },
    module: {
        rules: [
            {
                test: /\.tsx?$/,
                exclude: /node_modules/,
                use: {loader: 'ts-loader', options: {transpileOnly: true, configFile: path.join(__dirname, '..', '..', 'tsconfig.json')}},
            },
        ],
    },

    // Unlike the plugin, the host bundles React, Redux and friends: it is the page that provides them.
    output: {
        path: dist,
        filename: 'host.js',
        clean: true,
    },
    devtool: false,
    performance: {hints: false},
    plugins: [new CopyPageFiles()],
};
